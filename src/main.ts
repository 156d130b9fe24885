import { mount } from 'svelte';
import App from './App.svelte';
import { startServiceWorker } from './pwa/register.svelte';
import './ui/app.css';

const app = mount(App, { target: document.getElementById('app')! });
// Production builds only: offline app shell, cached weights, update prompt (src/pwa/).
startServiceWorker();

export default app;
